//! The hall display's voice: each new call is announced — a chime, then the
//! call in Chinese and in English — on a thread of its own, in the order
//! the calls were made, so the board never waits for the speech.

use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

use courtdesk_devices::speech::{Announcement, Announcer, EspeakAnnouncer, SpeechError};

use crate::commands::queue_display::WindowCall;

#[derive(Debug, Default)]
pub(crate) struct Speaker {
    calls: Mutex<Option<Sender<Announcement>>>,
}

impl Speaker {
    /// A speaker with its thread running.
    pub(crate) fn start() -> Speaker {
        let (calls, queue) = channel::<Announcement>();
        let started = std::thread::Builder::new()
            .name("courtdesk-speech".into())
            .spawn(move || {
                let announcer = EspeakAnnouncer::new();
                let mut silent_noted = false;
                for call in queue {
                    match announcer.announce(&call) {
                        Ok(()) => {}
                        // A display without speakers still shows every call;
                        // say so once, not at every call.
                        Err(SpeechError::NoAudioOutput) if silent_noted => {}
                        Err(error) => {
                            silent_noted |= matches!(error, SpeechError::NoAudioOutput);
                            tracing::warn!(code = error.code(), %error, "a call was not announced");
                        }
                    }
                }
            });
        match started {
            Ok(_) => Speaker {
                calls: Mutex::new(Some(calls)),
            },
            Err(error) => {
                tracing::error!(%error, "cannot start the speech thread; calls are shown only");
                Speaker::default()
            }
        }
    }

    /// Queues the calls for announcement.
    pub(crate) fn say(&self, calls: &[WindowCall]) {
        let guard = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let Some(sender) = guard.as_ref() else {
            return;
        };
        for call in calls {
            let _ = sender.send(Announcement {
                number: call.number.clone(),
                window: call.window,
            });
        }
    }
}
