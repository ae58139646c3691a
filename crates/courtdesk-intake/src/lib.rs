//! Filing materials at the kiosk.
