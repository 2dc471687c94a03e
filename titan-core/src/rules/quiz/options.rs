//! Reading a question's `options` JSON (the seed's `[{text, isCorrect}]` or the legacy
//! `{choices:[…], correctIndex:n}`) and a learner's `selectedOptions` (`[index, …]`).
//!
//! Scoring reads the JSON in place through [`AnswerKey`] (no copies); [`parse_options`] gives
//! an owned list for display and bindings.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::QuizError;
use crate::model::{Question, QuestionType};

/// One option of a question, in its original order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    /// What the learner reads (for SHORT_ANSWER: an accepted answer, `*` a wildcard).
    pub text: String,
    /// Whether picking it (or typing it) is right.
    pub is_correct: bool,
}

/// What is wrong with a question's `options` JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionsProblem {
    /// A choice question has no `options`.
    Missing,
    /// `options` is neither a list nor a `{choices, correctIndex}` object.
    NotAListOrObject,
    /// An item of the list is not an object.
    OptionNotAnObject,
    /// An option's `text` is missing or not a string.
    TextNotAString,
    /// An option's `isCorrect` is not a boolean.
    IsCorrectNotABoolean,
    /// A legacy `choices` entry is not a string (or `choices` is not a list).
    ChoiceNotAString,
    /// A legacy `correctIndex` is missing, not an integer, or out of range.
    CorrectIndexInvalid,
    /// A MULTIPLE_CHOICE question has fewer than 2 options.
    TooFewOptions,
    /// No option is marked correct.
    NoCorrectOption,
    /// A TRUE_FALSE question needs exactly 2 options, exactly 1 of them correct.
    TrueFalseShape,
    /// A SHORT_ANSWER question has no correct option and no `modelAnswer`.
    NoAcceptedAnswer,
}

impl OptionsProblem {
    /// The problem's snake_case label (as serialised).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OptionsProblem::Missing => "missing",
            OptionsProblem::NotAListOrObject => "not_a_list_or_object",
            OptionsProblem::OptionNotAnObject => "option_not_an_object",
            OptionsProblem::TextNotAString => "text_not_a_string",
            OptionsProblem::IsCorrectNotABoolean => "is_correct_not_a_boolean",
            OptionsProblem::ChoiceNotAString => "choice_not_a_string",
            OptionsProblem::CorrectIndexInvalid => "correct_index_invalid",
            OptionsProblem::TooFewOptions => "too_few_options",
            OptionsProblem::NoCorrectOption => "no_correct_option",
            OptionsProblem::TrueFalseShape => "true_false_shape",
            OptionsProblem::NoAcceptedAnswer => "no_accepted_answer",
        }
    }
}

/// A validated view over the options JSON, borrowing it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OptionsView<'a> {
    /// `[{text, isCorrect}]`; `mask` has bit `i` set when option `i` (< 64) is correct.
    Seed { items: &'a [Value], mask: u64 },
    /// `{choices:[…], correctIndex:n}`.
    Legacy {
        choices: &'a [Value],
        correct_index: usize,
    },
}

impl<'a> OptionsView<'a> {
    pub(crate) fn len(self) -> usize {
        match self {
            OptionsView::Seed { items, .. } => items.len(),
            OptionsView::Legacy { choices, .. } => choices.len(),
        }
    }

    pub(crate) fn is_correct(self, index: usize) -> bool {
        match self {
            // Scoring asks this for every pick: a bit test instead of a map lookup.
            OptionsView::Seed { mask, .. } if index < 64 => mask >> index & 1 == 1,
            OptionsView::Seed { items, .. } => items
                .get(index)
                .and_then(|o| o.get("isCorrect"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            OptionsView::Legacy { correct_index, .. } => index == correct_index,
        }
    }

    pub(crate) fn text(self, index: usize) -> &'a str {
        let item = match self {
            OptionsView::Seed { items, .. } => items.get(index).and_then(|o| o.get("text")),
            OptionsView::Legacy { choices, .. } => choices.get(index),
        };
        item.and_then(Value::as_str).unwrap_or("")
    }
}

/// The answer key of one question: its options and how many are correct.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnswerKey<'a> {
    /// `None` when the question has no options (an essay, or a short answer by `modelAnswer`).
    pub(crate) options: Option<OptionsView<'a>>,
    pub(crate) correct: usize,
}

impl AnswerKey<'_> {
    pub(crate) fn option_count(&self) -> usize {
        self.options.map_or(0, OptionsView::len)
    }
}

fn invalid(question: &Question, problem: OptionsProblem) -> QuizError {
    QuizError::InvalidOptions {
        question_id: question.id.clone(),
        problem,
    }
}

/// Validates the shape of `options` and counts the correct ones.
fn read_shape<'a>(value: &'a Value) -> Result<(OptionsView<'a>, usize), OptionsProblem> {
    match value {
        Value::Array(items) => {
            let (mut correct, mut mask) = (0usize, 0u64);
            for (index, item) in items.iter().enumerate() {
                let Value::Object(fields) = item else {
                    return Err(OptionsProblem::OptionNotAnObject);
                };
                // One pass over the (small) object instead of a lookup per key.
                let (mut has_text, mut is_correct) = (false, false);
                for (key, value) in fields {
                    match (key.as_str(), value) {
                        ("text", Value::String(_)) => has_text = true,
                        ("text", _) => return Err(OptionsProblem::TextNotAString),
                        ("isCorrect", Value::Bool(b)) => is_correct = *b,
                        ("isCorrect", Value::Null) => {}
                        ("isCorrect", _) => return Err(OptionsProblem::IsCorrectNotABoolean),
                        _ => {}
                    }
                }
                if !has_text {
                    return Err(OptionsProblem::TextNotAString);
                }
                if is_correct {
                    correct += 1;
                    if index < 64 {
                        mask |= 1 << index;
                    }
                }
            }
            Ok((OptionsView::Seed { items, mask }, correct))
        }
        Value::Object(fields) => {
            let Some(Value::Array(choices)) = fields.get("choices") else {
                return Err(OptionsProblem::ChoiceNotAString);
            };
            if !choices.iter().all(Value::is_string) {
                return Err(OptionsProblem::ChoiceNotAString);
            }
            let correct_index = fields
                .get("correctIndex")
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok())
                .filter(|&i| i < choices.len())
                .ok_or(OptionsProblem::CorrectIndexInvalid)?;
            Ok((
                OptionsView::Legacy {
                    choices,
                    correct_index,
                },
                1,
            ))
        }
        _ => Err(OptionsProblem::NotAListOrObject),
    }
}

/// Reads and checks a question's answer key. Never panics; a malformed key is
/// `QUIZ_INVALID_OPTIONS`.
pub(crate) fn answer_key(question: &Question) -> Result<AnswerKey<'_>, QuizError> {
    let raw = question.options.as_ref().filter(|v| !v.is_null());
    match question.question_type {
        QuestionType::Essay => Ok(AnswerKey {
            options: None,
            correct: 0,
        }),
        QuestionType::MultipleChoice | QuestionType::TrueFalse => {
            let raw = raw.ok_or_else(|| invalid(question, OptionsProblem::Missing))?;
            let (view, correct) = read_shape(raw).map_err(|p| invalid(question, p))?;
            if question.question_type == QuestionType::TrueFalse {
                if view.len() != 2 || correct != 1 {
                    return Err(invalid(question, OptionsProblem::TrueFalseShape));
                }
            } else if view.len() < 2 {
                return Err(invalid(question, OptionsProblem::TooFewOptions));
            } else if correct == 0 {
                return Err(invalid(question, OptionsProblem::NoCorrectOption));
            }
            Ok(AnswerKey {
                options: Some(view),
                correct,
            })
        }
        QuestionType::ShortAnswer => {
            let (options, correct) = match raw {
                Some(raw) => {
                    let (view, correct) = read_shape(raw).map_err(|p| invalid(question, p))?;
                    (Some(view), correct)
                }
                None => (None, 0),
            };
            if correct == 0 && question.model_answer.is_none() {
                return Err(invalid(question, OptionsProblem::NoAcceptedAnswer));
            }
            Ok(AnswerKey { options, correct })
        }
    }
}

/// A question's options as an owned list in original order.
///
/// For SHORT_ANSWER without a correct option the `modelAnswer` is the one accepted answer;
/// an ESSAY has no options.
///
/// # Errors
/// `QUIZ_INVALID_OPTIONS` when the JSON is malformed or gives no answer key.
pub fn parse_options(question: &Question) -> Result<Vec<AnswerOption>, QuizError> {
    let key = answer_key(question)?;
    let mut list: Vec<AnswerOption> = match key.options {
        Some(view) => (0..view.len())
            .map(|i| AnswerOption {
                text: view.text(i).to_owned(),
                is_correct: view.is_correct(i),
            })
            .collect(),
        None => Vec::new(),
    };
    if question.question_type == QuestionType::ShortAnswer
        && key.correct == 0
        && let Some(model) = &question.model_answer
    {
        list.push(AnswerOption {
            text: model.clone(),
            is_correct: true,
        });
    }
    Ok(list)
}

/// What a learner picked on a choice question, tallied against the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Tally {
    pub(crate) picked: usize,
    pub(crate) correct_picked: usize,
    pub(crate) wrong_picked: usize,
}

fn invalid_selection(question: &Question, value: &Value, option_count: usize) -> QuizError {
    QuizError::InvalidSelection {
        question_id: question.id.clone(),
        value: value.to_string(),
        option_count,
    }
}

fn index_of(value: &Value, option_count: usize) -> Option<usize> {
    value
        .as_u64()
        .and_then(|i| usize::try_from(i).ok())
        .filter(|&i| i < option_count)
}

/// Tallies `selectedOptions` (`[index, …]` in original order, or a bare index). `None` when
/// nothing is selected (null or `[]`). Repeated indices count once.
///
/// # Errors
/// `QUIZ_INVALID_SELECTION` for a non-integer, negative or out-of-range index, or another shape.
pub(crate) fn tally_selection(
    question: &Question,
    key: &AnswerKey<'_>,
    selected: Option<&Value>,
) -> Result<Option<Tally>, QuizError> {
    let count = key.option_count();
    let Some(view) = key.options else {
        return Ok(None);
    };
    let mut tally = Tally::default();
    let mut add = |index: usize| {
        tally.picked += 1;
        if view.is_correct(index) {
            tally.correct_picked += 1;
        } else {
            tally.wrong_picked += 1;
        }
    };
    match selected {
        None | Some(Value::Null) => return Ok(None),
        Some(value @ Value::Number(_)) => {
            add(index_of(value, count).ok_or_else(|| invalid_selection(question, value, count))?);
        }
        Some(Value::Array(items)) => {
            for (position, item) in items.iter().enumerate() {
                let index = index_of(item, count)
                    .ok_or_else(|| invalid_selection(question, item, count))?;
                let repeated = items
                    .get(..position)
                    .is_some_and(|before| before.iter().any(|b| index_of(b, count) == Some(index)));
                if !repeated {
                    add(index);
                }
            }
        }
        Some(other) => return Err(invalid_selection(question, other, count)),
    }
    Ok((tally.picked > 0).then_some(tally))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::quiz::test_support::question;
    use serde_json::json;

    fn problem(q: &Question) -> Option<OptionsProblem> {
        match answer_key(q) {
            Err(QuizError::InvalidOptions { problem, .. }) => Some(problem),
            _ => None,
        }
    }

    #[test]
    fn reads_the_seed_shape() {
        let q = question(
            "q1",
            QuestionType::MultipleChoice,
            json!([{"text": "A", "isCorrect": false}, {"text": "B", "isCorrect": true}, {"text": "C"}]),
        );
        let options = parse_options(&q).unwrap_or_default();
        assert_eq!(options.len(), 3);
        assert_eq!(
            options.get(1),
            Some(&AnswerOption {
                text: "B".into(),
                is_correct: true
            })
        );
        assert!(options.get(2).is_some_and(|o| !o.is_correct));
    }

    #[test]
    fn reads_the_legacy_shape_and_true_false() {
        let q = question(
            "q1",
            QuestionType::TrueFalse,
            json!({"choices": ["Benar", "Salah"], "correctIndex": 1}),
        );
        let options = parse_options(&q).unwrap_or_default();
        assert_eq!(
            options,
            vec![
                AnswerOption {
                    text: "Benar".into(),
                    is_correct: false
                },
                AnswerOption {
                    text: "Salah".into(),
                    is_correct: true
                }
            ]
        );
    }

    #[test]
    fn refuses_malformed_options_without_panicking() {
        use OptionsProblem as P;
        let mc = QuestionType::MultipleChoice;
        let cases = [
            (json!(null), P::Missing),
            (json!("A,B"), P::NotAListOrObject),
            (json!([1, 2]), P::OptionNotAnObject),
            (
                json!([{"isCorrect": true}, {"text": "B"}]),
                P::TextNotAString,
            ),
            (
                json!([{"text": "A", "isCorrect": "yes"}, {"text": "B"}]),
                P::IsCorrectNotABoolean,
            ),
            (
                json!({"choices": "AB", "correctIndex": 0}),
                P::ChoiceNotAString,
            ),
            (
                json!({"choices": ["A", 2], "correctIndex": 0}),
                P::ChoiceNotAString,
            ),
            (
                json!({"choices": ["A", "B"], "correctIndex": 2}),
                P::CorrectIndexInvalid,
            ),
            (
                json!({"choices": ["A", "B"], "correctIndex": -1}),
                P::CorrectIndexInvalid,
            ),
            (json!({"choices": ["A", "B"]}), P::CorrectIndexInvalid),
            (json!([{"text": "A", "isCorrect": true}]), P::TooFewOptions),
            (json!([{"text": "A"}, {"text": "B"}]), P::NoCorrectOption),
        ];
        for (options, expected) in cases {
            assert_eq!(
                problem(&question("q", mc, options.clone())),
                Some(expected),
                "{options}"
            );
        }
        let tf = question(
            "q",
            QuestionType::TrueFalse,
            json!([{"text": "Benar", "isCorrect": true}, {"text": "Salah", "isCorrect": true}]),
        );
        assert_eq!(problem(&tf), Some(P::TrueFalseShape));
        let sa = question("q", QuestionType::ShortAnswer, json!(null));
        assert_eq!(problem(&sa), Some(P::NoAcceptedAnswer));
    }

    #[test]
    fn short_answer_falls_back_to_the_model_answer() {
        let mut q = question("q", QuestionType::ShortAnswer, json!(null));
        q.model_answer = Some("Pancasila".into());
        assert_eq!(
            parse_options(&q).unwrap_or_default(),
            vec![AnswerOption {
                text: "Pancasila".into(),
                is_correct: true
            }]
        );
        let essay = question("e", QuestionType::Essay, json!("anything"));
        assert_eq!(parse_options(&essay), Ok(vec![]));
    }

    #[test]
    fn tallies_selections_in_original_indices() {
        let q = question(
            "q",
            QuestionType::MultipleChoice,
            json!([{"text": "A", "isCorrect": true}, {"text": "B"}, {"text": "C", "isCorrect": true}]),
        );
        let Ok(key) = answer_key(&q) else {
            unreachable!("valid key")
        };
        let tally = |v: Value| tally_selection(&q, &key, Some(&v));
        assert_eq!(
            tally(json!([0, 1, 0])),
            Ok(Some(Tally {
                picked: 2,
                correct_picked: 1,
                wrong_picked: 1
            }))
        );
        assert_eq!(
            tally(json!(2)),
            Ok(Some(Tally {
                picked: 1,
                correct_picked: 1,
                wrong_picked: 0
            }))
        );
        assert_eq!(tally(json!([])), Ok(None));
        assert_eq!(tally_selection(&q, &key, None), Ok(None));
        for bad in [
            json!([3]),
            json!([-1]),
            json!([1.5]),
            json!(["1"]),
            json!({"a": 1}),
        ] {
            assert!(
                matches!(
                    tally(bad),
                    Err(QuizError::InvalidSelection {
                        option_count: 3,
                        ..
                    })
                ),
                "accepted a bad selection"
            );
        }
    }
}
