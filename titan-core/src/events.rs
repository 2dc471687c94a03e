//! Domain events: what happened, as plain data, so the use cases can turn each into an outbox
//! row, a learner-activity row and notifications in the same transaction as the change.
