//! Interchange formats: vCard and CSV in and out. Pure text handling: no store, no clock.

pub mod csv_in;
pub mod csv_out;
pub mod decode;
pub mod record;
pub mod vcard_in;
pub mod vcard_out;
