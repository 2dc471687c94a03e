//! NIP (Nomor Induk Pegawai) newtype: owned by the identity rules.
