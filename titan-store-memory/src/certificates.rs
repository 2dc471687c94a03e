use async_trait::async_trait;
use titan_core::model::Certificate;
use titan_core::ports::{CertificateRepository, StoreResult, constraint};

use crate::table::{Row, Table, key2, sort_time};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(Certificate);

/// One year's certificate counter (`CertificateCounter`, a Titan addition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counter {
    year: String,
    value: u32,
}

impl Row for Counter {
    fn id(&self) -> &str {
        &self.year
    }
}

const BY_CODE: usize = 1;
const BY_NUMBER: usize = 0;
const BY_USER_COURSE: usize = 2;
const BY_USER: usize = 0;
const BY_COURSE: usize = 1;

tables! {
    CertificateTables {
        certificates: Table<Certificate> = Table::<Certificate>::new("Certificate")
            .unique(constraint::CERTIFICATE_NO, |c| Some(c.certificate_no.clone()))
            .unique(constraint::CERTIFICATE_CODE, |c| Some(c.verification_code.clone()))
            .unique(constraint::CERTIFICATE_USER_COURSE, |c| Some(key2(&c.user_id, &c.course_id)))
            .index(|c| Some((c.user_id.clone(), sort_time(c.issued_at))))
            .index(|c| Some((c.course_id.clone(), String::new()))),
        counters: Table<Counter> = Table::<Counter>::new("CertificateCounter"),
    }
}

impl State {
    /// Deletes the course's certificates (the seed cascades them).
    pub(crate) fn delete_certificates_of_course(&mut self, course_id: &str) -> StoreResult<()> {
        let t = &mut self.certificates.certificates;
        let ids: Vec<String> = t
            .by_index(BY_COURSE, course_id)
            .map(|c| c.id.clone())
            .collect();
        for id in ids {
            t.delete(&id)?;
        }
        Ok(())
    }
}

#[async_trait]
impl CertificateRepository for MemoryUnitOfWork {
    async fn get(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        Ok(self.state().certificates.certificates.get(id).cloned())
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        // One writer at a time: every read of a read-write unit of work is locked.
        Ok(self.state().certificates.certificates.get(id).cloned())
    }

    async fn for_user_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Certificate>> {
        Ok(self
            .state()
            .certificates
            .certificates
            .by_unique(BY_USER_COURSE, &key2(user_id, course_id))
            .cloned())
    }

    async fn by_code(&mut self, code: &str) -> StoreResult<Option<Certificate>> {
        Ok(self
            .state()
            .certificates
            .certificates
            .by_unique(BY_CODE, code)
            .cloned())
    }

    async fn by_number(&mut self, certificate_no: &str) -> StoreResult<Option<Certificate>> {
        Ok(self
            .state()
            .certificates
            .certificates
            .by_unique(BY_NUMBER, certificate_no)
            .cloned())
    }

    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Certificate>> {
        Ok(self
            .state()
            .certificates
            .certificates
            .by_index(BY_USER, user_id)
            .cloned()
            .collect())
    }

    async fn next_sequence(&mut self, year: i32) -> StoreResult<u32> {
        let counters = &mut self.state_mut()?.certificates.counters;
        let year = year.to_string();
        match counters.get(&year).cloned() {
            Some(mut c) => {
                c.value = c.value.saturating_add(1);
                let value = c.value;
                counters.update(c)?;
                Ok(value)
            }
            None => {
                counters.insert(Counter { year, value: 1 })?;
                Ok(1)
            }
        }
    }

    async fn insert(&mut self, certificate: &Certificate) -> StoreResult<()> {
        self.state_mut()?
            .certificates
            .certificates
            .insert(certificate.clone())
    }

    async fn update(&mut self, certificate: &Certificate) -> StoreResult<()> {
        self.state_mut()?
            .certificates
            .certificates
            .update(certificate.clone())
    }
}
