//! Interchange formats: vCard and CSV in and out. Pure text handling: no store, no clock.

pub mod vcard_out;
