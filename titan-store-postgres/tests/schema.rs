//! The migrations against the data contract: after `migrate`, every table, column (name, type,
//! nullability), enum label, unique key, index and cascade of the seed's Prisma models
//! (`tests/fixtures/seed.prisma`, copied from `shared/seed/DATABASE_SCHEMA.md`) exists as Prisma
//! would create it; migrating twice changes nothing; a database the original app created is
//! adopted in place with its rows.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{Connection, PgConnection, Row};
use titan_store_postgres::{PgConfig, PgStore};

const SEED: &str = include_str!("fixtures/seed.prisma");

#[derive(Debug)]
struct Column {
    name: String,
    /// `information_schema.columns.udt_name` expected.
    udt: String,
    nullable: Option<bool>,
}

#[derive(Debug, Default)]
struct Model {
    table: String,
    columns: Vec<Column>,
    /// Unique index names (`@unique`, `@@unique`).
    uniques: Vec<String>,
    /// Plain index names (`@@index`).
    indexes: Vec<String>,
    /// (constraint name, cascades?) of each relation with `fields:`.
    foreign_keys: Vec<(String, bool)>,
}

struct Seed {
    models: BTreeMap<String, Model>,
    enums: BTreeMap<String, Vec<String>>,
}

fn strip_comment(line: &str) -> &str {
    line.split("//").next().unwrap_or("").trim()
}

fn attr_arg<'a>(text: &'a str, attr: &str) -> Option<&'a str> {
    let start = text.find(attr)? + attr.len();
    let rest = &text[start..];
    let rest = rest.strip_prefix('(')?;
    let end = rest.find(')')?;
    Some(rest[..end].trim().trim_matches('"'))
}

fn list(arg: &str) -> Vec<String> {
    arg.trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_seed() -> Seed {
    let mut enums = BTreeMap::new();
    let mut raw: Vec<(String, Vec<String>)> = Vec::new();
    let mut lines = SEED.lines();
    while let Some(line) = lines.next() {
        let line = strip_comment(line);
        let Some((kind, name)) = line
            .strip_suffix('{')
            .and_then(|l| l.trim().split_once(' '))
        else {
            continue;
        };
        let name = name.trim().to_owned();
        let mut body = Vec::new();
        for inner in lines.by_ref() {
            let inner = strip_comment(inner);
            if inner == "}" {
                break;
            }
            if !inner.is_empty() {
                body.push(inner.to_owned());
            }
        }
        match kind {
            "enum" => {
                enums.insert(name, body);
            }
            "model" => raw.push((name, body)),
            _ => {}
        }
    }
    let model_names: BTreeSet<String> = raw.iter().map(|(n, _)| n.clone()).collect();
    let mut models = BTreeMap::new();
    for (name, body) in raw {
        let mut m = Model {
            table: body
                .iter()
                .find(|l| l.starts_with("@@map"))
                .and_then(|l| attr_arg(l, "@@map"))
                .map_or(name.clone(), str::to_owned),
            ..Model::default()
        };
        let mut column_of: HashMap<String, String> = HashMap::new();
        for line in body.iter().filter(|l| !l.starts_with("@@")) {
            let mut parts = line.split_whitespace();
            let (Some(field), Some(ty)) = (parts.next(), parts.next()) else {
                continue;
            };
            let base = ty.trim_end_matches(['?', ']', '[']);
            if model_names.contains(base) || base.starts_with("Wblm") && !enums.contains_key(base) {
                // A relation (or a relation to a model the seed does not define).
                if let Some(fields) = line.find("fields: [").map(|i| {
                    let rest = &line[i + 8..];
                    list(&rest[..rest.find(']').map_or(rest.len(), |e| e + 1)])
                }) && !fields.is_empty()
                {
                    m.foreign_keys
                        .push((fields[0].clone(), line.contains("onDelete: Cascade")));
                }
                continue;
            }
            let column = attr_arg(line, "@map").map_or(field.to_owned(), str::to_owned);
            column_of.insert(field.to_owned(), column.clone());
            let udt = match base {
                "String" if line.contains("@db.Uuid") => "uuid".to_owned(),
                "String" if ty.ends_with("[]") => "_text".to_owned(),
                "String" => "text".to_owned(),
                "Int" => "int4".to_owned(),
                "Float" => "float8".to_owned(),
                "Boolean" => "bool".to_owned(),
                "DateTime" => "timestamp".to_owned(),
                "Json" => "jsonb".to_owned(),
                other => other.to_owned(),
            };
            let nullable = if ty.ends_with("[]") {
                None
            } else {
                Some(ty.ends_with('?'))
            };
            if line.contains("@unique") {
                m.uniques.push(format!("{}_{column}_key", m.table));
            }
            m.columns.push(Column {
                name: column,
                udt,
                nullable,
            });
        }
        // Foreign keys are named by the (mapped) column of their first field.
        m.foreign_keys = m
            .foreign_keys
            .iter()
            .map(|(field, cascade)| {
                let col = column_of
                    .get(field)
                    .cloned()
                    .unwrap_or_else(|| field.clone());
                (format!("{}_{col}_fkey", m.table), *cascade)
            })
            .collect();
        for line in body.iter().filter(|l| l.starts_with("@@")) {
            let cols = |attr: &str| {
                attr_arg(line, attr).map(|a| {
                    list(a)
                        .iter()
                        .map(|f| column_of.get(f).cloned().unwrap_or_else(|| f.clone()))
                        .collect::<Vec<_>>()
                        .join("_")
                })
            };
            if let Some(c) = cols("@@unique") {
                m.uniques.push(format!("{}_{c}_key", m.table));
            }
            if let Some(c) = cols("@@index") {
                m.indexes.push(format!("{}_{c}_idx", m.table));
            }
        }
        models.insert(name, m);
    }
    Seed { models, enums }
}

async fn migrated() -> (PgStore, PgConnection, String) {
    let url = common::empty_database().await;
    let store = PgStore::connect(&PgConfig::from_url(url.clone()).pool_size(2))
        .await
        .expect("connect");
    let report = store.migrate().await.expect("migrate");
    assert_eq!(report.already_applied, 0);
    assert_eq!(
        report.applied.len(),
        titan_store_postgres::MIGRATOR.iter().count()
    );
    let conn = PgConnection::connect(&url).await.expect("connect");
    (store, conn, url)
}

#[tokio::test]
async fn every_seed_table_column_enum_key_and_cascade_exists_with_the_seed_names() {
    let seed = parse_seed();
    assert!(
        seed.models.len() >= 30,
        "the fixture holds the seed's models"
    );
    let (_store, mut conn, _) = migrated().await;

    let columns = sqlx::query(
        "SELECT table_name, column_name, udt_name, is_nullable, datetime_precision \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut actual: HashMap<(String, String), (String, bool, Option<i32>)> = HashMap::new();
    for row in &columns {
        actual.insert(
            (row.get("table_name"), row.get("column_name")),
            (
                row.get("udt_name"),
                row.get::<String, _>("is_nullable") == "YES",
                row.get("datetime_precision"),
            ),
        );
    }
    let mut checked = 0;
    for m in seed.models.values() {
        for c in &m.columns {
            let Some((udt, nullable, precision)) = actual.get(&(m.table.clone(), c.name.clone()))
            else {
                panic!("column \"{}\".\"{}\" is missing", m.table, c.name);
            };
            assert_eq!(udt, &c.udt, "type of \"{}\".\"{}\"", m.table, c.name);
            if let Some(expected) = c.nullable {
                assert_eq!(
                    *nullable, expected,
                    "nullability of \"{}\".\"{}\"",
                    m.table, c.name
                );
            }
            if c.udt == "timestamp" {
                assert_eq!(
                    *precision,
                    Some(3),
                    "precision of \"{}\".\"{}\"",
                    m.table,
                    c.name
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 250, "{checked} columns checked");

    let labels = sqlx::query(
        "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
         ORDER BY t.typname, e.enumsortorder",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &labels {
        enums
            .entry(row.get("typname"))
            .or_default()
            .push(row.get("enumlabel"));
    }
    for (name, expected) in &seed.enums {
        assert_eq!(enums.get(name), Some(expected), "labels of enum \"{name}\"");
    }

    let indexes = sqlx::query(
        "SELECT i.relname AS name, ix.indisunique AS is_unique FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let indexes: HashMap<String, bool> = indexes
        .iter()
        .map(|r| (r.get("name"), r.get("is_unique")))
        .collect();
    for m in seed.models.values() {
        for u in &m.uniques {
            assert_eq!(indexes.get(u), Some(&true), "unique index {u}");
        }
        for i in &m.indexes {
            assert!(indexes.contains_key(i), "index {i}");
        }
    }

    let fks = sqlx::query(
        "SELECT conname, confdeltype::text AS del FROM pg_constraint WHERE contype = 'f'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let fks: HashMap<String, String> = fks
        .iter()
        .map(|r| (r.get("conname"), r.get("del")))
        .collect();
    let mut fk_count = 0;
    for m in seed.models.values() {
        for (name, cascade) in &m.foreign_keys {
            let Some(del) = fks.get(name) else {
                panic!("foreign key {name} is missing");
            };
            if *cascade {
                assert_eq!(del, "c", "{name} cascades on delete");
            } else {
                assert_ne!(del, "c", "{name} does not cascade");
            }
            fk_count += 1;
        }
    }
    assert!(fk_count >= 30, "{fk_count} foreign keys checked");
}

async fn snapshot(conn: &mut PgConnection) -> Vec<String> {
    let rows = sqlx::query(
        "SELECT table_name || '.' || column_name || ':' || udt_name || ':' || is_nullable || ':' \
         || coalesce(column_default, '') AS c FROM information_schema.columns \
         WHERE table_schema = 'public' \
         UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' \
         UNION ALL SELECT conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint \
         ORDER BY 1",
    )
    .fetch_all(conn)
    .await
    .unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let (store, mut conn, _) = migrated().await;
    let before = snapshot(&mut conn).await;
    let again = store.migrate().await.expect("second run");
    assert!(again.applied.is_empty(), "{:?}", again.applied);
    assert_eq!(
        again.already_applied,
        titan_store_postgres::MIGRATOR.iter().count()
    );
    assert_eq!(snapshot(&mut conn).await, before);
}

#[tokio::test]
async fn a_database_of_the_original_app_is_migrated_in_place() {
    let url = common::empty_database().await;
    let mut conn = PgConnection::connect(&url).await.unwrap();
    // The original app's database: the seed's objects, made by its own migrations, with rows.
    let seed_sql = titan_store_postgres::MIGRATOR
        .iter()
        .next()
        .map(|m| m.sql.as_str().to_owned())
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(seed_sql))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::raw_sql(
        "INSERT INTO \"User\" (id, email, name, points, level) VALUES \
         ('clegacy0000000000000000001', 'lama@bkn.go.id', 'Pengguna Lama', 450, 3)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let store = PgStore::connect(&PgConfig::from_url(url).pool_size(2))
        .await
        .unwrap();
    store.migrate().await.expect("migrate in place");
    let row = sqlx::query("SELECT points, level, \"longestStreak\", timezone FROM \"User\"")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(row.get::<i32, _>("points"), 450);
    assert_eq!(row.get::<i32, _>("level"), 3);
    assert_eq!(row.get::<i32, _>("longestStreak"), 0);
    assert_eq!(row.get::<Option<String>, _>("timezone"), None);
}
