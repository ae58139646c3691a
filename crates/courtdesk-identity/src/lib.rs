//! Who is at the kiosk and who is at the desk.
