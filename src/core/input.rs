//! Input for scripts: a snapshot of the keyboard, mouse and window taken on the main thread
//! and handed to each worker frame.
//!
//! Presses and releases accumulate between worker frames, so a key tapped while the worker was
//! busy is still seen by `input.wasKeyPressed` in its next frame.

use bevy::ecs::system::SystemParam;
use bevy::input::ButtonInput;
use bevy::input::keyboard::KeyCode;
use bevy::input::mouse::{AccumulatedMouseScroll, MouseButton, MouseScrollUnit};
use bevy::math::Vec2;
use bevy::prelude::{Query, Res, With};
use bevy::window::{PrimaryWindow, Window};

/// The key names scripts use (`input.isKeyDown("KeyW")`): Bevy's [`KeyCode`] variant names,
/// which are the web's `KeyboardEvent.code` values. Every [`KeyCode`] except `Unidentified`.
pub const KEY_NAMES: &[&str] = &KEYS_NAMES_ONLY;

/// The mouse button names scripts use (`input.isMouseDown("Left")`).
pub const MOUSE_BUTTON_NAMES: &[&str] = &["Left", "Right", "Middle", "Back", "Forward"];

const KEY_COUNT: usize = 194;

const KEYS: [(KeyCode, &str); KEY_COUNT] = [
    (KeyCode::Backquote, "Backquote"),
    (KeyCode::Backslash, "Backslash"),
    (KeyCode::BracketLeft, "BracketLeft"),
    (KeyCode::BracketRight, "BracketRight"),
    (KeyCode::Comma, "Comma"),
    (KeyCode::Digit0, "Digit0"),
    (KeyCode::Digit1, "Digit1"),
    (KeyCode::Digit2, "Digit2"),
    (KeyCode::Digit3, "Digit3"),
    (KeyCode::Digit4, "Digit4"),
    (KeyCode::Digit5, "Digit5"),
    (KeyCode::Digit6, "Digit6"),
    (KeyCode::Digit7, "Digit7"),
    (KeyCode::Digit8, "Digit8"),
    (KeyCode::Digit9, "Digit9"),
    (KeyCode::Equal, "Equal"),
    (KeyCode::IntlBackslash, "IntlBackslash"),
    (KeyCode::IntlRo, "IntlRo"),
    (KeyCode::IntlYen, "IntlYen"),
    (KeyCode::KeyA, "KeyA"),
    (KeyCode::KeyB, "KeyB"),
    (KeyCode::KeyC, "KeyC"),
    (KeyCode::KeyD, "KeyD"),
    (KeyCode::KeyE, "KeyE"),
    (KeyCode::KeyF, "KeyF"),
    (KeyCode::KeyG, "KeyG"),
    (KeyCode::KeyH, "KeyH"),
    (KeyCode::KeyI, "KeyI"),
    (KeyCode::KeyJ, "KeyJ"),
    (KeyCode::KeyK, "KeyK"),
    (KeyCode::KeyL, "KeyL"),
    (KeyCode::KeyM, "KeyM"),
    (KeyCode::KeyN, "KeyN"),
    (KeyCode::KeyO, "KeyO"),
    (KeyCode::KeyP, "KeyP"),
    (KeyCode::KeyQ, "KeyQ"),
    (KeyCode::KeyR, "KeyR"),
    (KeyCode::KeyS, "KeyS"),
    (KeyCode::KeyT, "KeyT"),
    (KeyCode::KeyU, "KeyU"),
    (KeyCode::KeyV, "KeyV"),
    (KeyCode::KeyW, "KeyW"),
    (KeyCode::KeyX, "KeyX"),
    (KeyCode::KeyY, "KeyY"),
    (KeyCode::KeyZ, "KeyZ"),
    (KeyCode::Minus, "Minus"),
    (KeyCode::Period, "Period"),
    (KeyCode::Quote, "Quote"),
    (KeyCode::Semicolon, "Semicolon"),
    (KeyCode::Slash, "Slash"),
    (KeyCode::AltLeft, "AltLeft"),
    (KeyCode::AltRight, "AltRight"),
    (KeyCode::Backspace, "Backspace"),
    (KeyCode::CapsLock, "CapsLock"),
    (KeyCode::ContextMenu, "ContextMenu"),
    (KeyCode::ControlLeft, "ControlLeft"),
    (KeyCode::ControlRight, "ControlRight"),
    (KeyCode::Enter, "Enter"),
    (KeyCode::SuperLeft, "SuperLeft"),
    (KeyCode::SuperRight, "SuperRight"),
    (KeyCode::ShiftLeft, "ShiftLeft"),
    (KeyCode::ShiftRight, "ShiftRight"),
    (KeyCode::Space, "Space"),
    (KeyCode::Tab, "Tab"),
    (KeyCode::Convert, "Convert"),
    (KeyCode::KanaMode, "KanaMode"),
    (KeyCode::Lang1, "Lang1"),
    (KeyCode::Lang2, "Lang2"),
    (KeyCode::Lang3, "Lang3"),
    (KeyCode::Lang4, "Lang4"),
    (KeyCode::Lang5, "Lang5"),
    (KeyCode::NonConvert, "NonConvert"),
    (KeyCode::Delete, "Delete"),
    (KeyCode::End, "End"),
    (KeyCode::Help, "Help"),
    (KeyCode::Home, "Home"),
    (KeyCode::Insert, "Insert"),
    (KeyCode::PageDown, "PageDown"),
    (KeyCode::PageUp, "PageUp"),
    (KeyCode::ArrowDown, "ArrowDown"),
    (KeyCode::ArrowLeft, "ArrowLeft"),
    (KeyCode::ArrowRight, "ArrowRight"),
    (KeyCode::ArrowUp, "ArrowUp"),
    (KeyCode::NumLock, "NumLock"),
    (KeyCode::Numpad0, "Numpad0"),
    (KeyCode::Numpad1, "Numpad1"),
    (KeyCode::Numpad2, "Numpad2"),
    (KeyCode::Numpad3, "Numpad3"),
    (KeyCode::Numpad4, "Numpad4"),
    (KeyCode::Numpad5, "Numpad5"),
    (KeyCode::Numpad6, "Numpad6"),
    (KeyCode::Numpad7, "Numpad7"),
    (KeyCode::Numpad8, "Numpad8"),
    (KeyCode::Numpad9, "Numpad9"),
    (KeyCode::NumpadAdd, "NumpadAdd"),
    (KeyCode::NumpadBackspace, "NumpadBackspace"),
    (KeyCode::NumpadClear, "NumpadClear"),
    (KeyCode::NumpadClearEntry, "NumpadClearEntry"),
    (KeyCode::NumpadComma, "NumpadComma"),
    (KeyCode::NumpadDecimal, "NumpadDecimal"),
    (KeyCode::NumpadDivide, "NumpadDivide"),
    (KeyCode::NumpadEnter, "NumpadEnter"),
    (KeyCode::NumpadEqual, "NumpadEqual"),
    (KeyCode::NumpadHash, "NumpadHash"),
    (KeyCode::NumpadMemoryAdd, "NumpadMemoryAdd"),
    (KeyCode::NumpadMemoryClear, "NumpadMemoryClear"),
    (KeyCode::NumpadMemoryRecall, "NumpadMemoryRecall"),
    (KeyCode::NumpadMemoryStore, "NumpadMemoryStore"),
    (KeyCode::NumpadMemorySubtract, "NumpadMemorySubtract"),
    (KeyCode::NumpadMultiply, "NumpadMultiply"),
    (KeyCode::NumpadParenLeft, "NumpadParenLeft"),
    (KeyCode::NumpadParenRight, "NumpadParenRight"),
    (KeyCode::NumpadStar, "NumpadStar"),
    (KeyCode::NumpadSubtract, "NumpadSubtract"),
    (KeyCode::Escape, "Escape"),
    (KeyCode::Fn, "Fn"),
    (KeyCode::FnLock, "FnLock"),
    (KeyCode::PrintScreen, "PrintScreen"),
    (KeyCode::ScrollLock, "ScrollLock"),
    (KeyCode::Pause, "Pause"),
    (KeyCode::BrowserBack, "BrowserBack"),
    (KeyCode::BrowserFavorites, "BrowserFavorites"),
    (KeyCode::BrowserForward, "BrowserForward"),
    (KeyCode::BrowserHome, "BrowserHome"),
    (KeyCode::BrowserRefresh, "BrowserRefresh"),
    (KeyCode::BrowserSearch, "BrowserSearch"),
    (KeyCode::BrowserStop, "BrowserStop"),
    (KeyCode::Eject, "Eject"),
    (KeyCode::LaunchApp1, "LaunchApp1"),
    (KeyCode::LaunchApp2, "LaunchApp2"),
    (KeyCode::LaunchMail, "LaunchMail"),
    (KeyCode::MediaPlayPause, "MediaPlayPause"),
    (KeyCode::MediaSelect, "MediaSelect"),
    (KeyCode::MediaStop, "MediaStop"),
    (KeyCode::MediaTrackNext, "MediaTrackNext"),
    (KeyCode::MediaTrackPrevious, "MediaTrackPrevious"),
    (KeyCode::Power, "Power"),
    (KeyCode::Sleep, "Sleep"),
    (KeyCode::AudioVolumeDown, "AudioVolumeDown"),
    (KeyCode::AudioVolumeMute, "AudioVolumeMute"),
    (KeyCode::AudioVolumeUp, "AudioVolumeUp"),
    (KeyCode::WakeUp, "WakeUp"),
    (KeyCode::Meta, "Meta"),
    (KeyCode::Hyper, "Hyper"),
    (KeyCode::Turbo, "Turbo"),
    (KeyCode::Abort, "Abort"),
    (KeyCode::Resume, "Resume"),
    (KeyCode::Suspend, "Suspend"),
    (KeyCode::Again, "Again"),
    (KeyCode::Copy, "Copy"),
    (KeyCode::Cut, "Cut"),
    (KeyCode::Find, "Find"),
    (KeyCode::Open, "Open"),
    (KeyCode::Paste, "Paste"),
    (KeyCode::Props, "Props"),
    (KeyCode::Select, "Select"),
    (KeyCode::Undo, "Undo"),
    (KeyCode::Hiragana, "Hiragana"),
    (KeyCode::Katakana, "Katakana"),
    (KeyCode::F1, "F1"),
    (KeyCode::F2, "F2"),
    (KeyCode::F3, "F3"),
    (KeyCode::F4, "F4"),
    (KeyCode::F5, "F5"),
    (KeyCode::F6, "F6"),
    (KeyCode::F7, "F7"),
    (KeyCode::F8, "F8"),
    (KeyCode::F9, "F9"),
    (KeyCode::F10, "F10"),
    (KeyCode::F11, "F11"),
    (KeyCode::F12, "F12"),
    (KeyCode::F13, "F13"),
    (KeyCode::F14, "F14"),
    (KeyCode::F15, "F15"),
    (KeyCode::F16, "F16"),
    (KeyCode::F17, "F17"),
    (KeyCode::F18, "F18"),
    (KeyCode::F19, "F19"),
    (KeyCode::F20, "F20"),
    (KeyCode::F21, "F21"),
    (KeyCode::F22, "F22"),
    (KeyCode::F23, "F23"),
    (KeyCode::F24, "F24"),
    (KeyCode::F25, "F25"),
    (KeyCode::F26, "F26"),
    (KeyCode::F27, "F27"),
    (KeyCode::F28, "F28"),
    (KeyCode::F29, "F29"),
    (KeyCode::F30, "F30"),
    (KeyCode::F31, "F31"),
    (KeyCode::F32, "F32"),
    (KeyCode::F33, "F33"),
    (KeyCode::F34, "F34"),
    (KeyCode::F35, "F35"),
];

const KEYS_NAMES_ONLY: [&str; KEY_COUNT] = {
    let mut names = [""; KEY_COUNT];
    let mut i = 0;
    while i < KEY_COUNT {
        names[i] = KEYS[i].1;
        i += 1;
    }
    names
};

/// The index of a key name in [`KEY_NAMES`].
pub(crate) fn key_index(name: &str) -> Option<usize> {
    KEYS.iter().position(|(_, key)| *key == name)
}

fn key_code_index(code: KeyCode) -> Option<usize> {
    KEYS.iter().position(|(key, _)| *key == code)
}

/// The index of a mouse button name in [`MOUSE_BUTTON_NAMES`].
pub(crate) fn mouse_button_index(name: &str) -> Option<usize> {
    MOUSE_BUTTON_NAMES.iter().position(|button| *button == name)
}

fn mouse_button_bit(button: MouseButton) -> Option<u8> {
    let index = match button {
        MouseButton::Left => 0,
        MouseButton::Right => 1,
        MouseButton::Middle => 2,
        MouseButton::Back => 3,
        MouseButton::Forward => 4,
        MouseButton::Other(_) => return None,
    };
    Some(1 << index)
}

/// A set of keys, one bit per entry of [`KEY_NAMES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct KeySet([u64; KEY_COUNT.div_ceil(64)]);

impl KeySet {
    fn insert(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    pub fn contains(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    fn union(&mut self, other: &Self) {
        for (word, other) in self.0.iter_mut().zip(other.0) {
            *word |= other;
        }
    }
}

/// What a worker frame sees of the input: held now, and pressed or released since the
/// previous worker frame. Plain data, copied into the worker once per frame.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct InputSnapshot {
    pub keys_down: KeySet,
    pub keys_pressed: KeySet,
    pub keys_released: KeySet,
    pub mouse_down: u8,
    pub mouse_pressed: u8,
    pub mouse_released: u8,
    /// Logical pixels from the window's top-left; `None` outside the window.
    pub mouse_position: Option<Vec2>,
    /// Lines scrolled since the previous worker frame.
    pub wheel: Vec2,
    /// Logical size of the primary window (zero without one).
    pub window_size: Vec2,
    /// Seconds since the app started, when the frame was triggered.
    pub elapsed: f64,
}

impl InputSnapshot {
    /// Adds one main frame's input: current state replaces, edges and scrolling accumulate.
    fn accumulate(&mut self, frame: &InputSnapshot) {
        self.keys_down = frame.keys_down;
        self.keys_pressed.union(&frame.keys_pressed);
        self.keys_released.union(&frame.keys_released);
        self.mouse_down = frame.mouse_down;
        self.mouse_pressed |= frame.mouse_pressed;
        self.mouse_released |= frame.mouse_released;
        self.mouse_position = frame.mouse_position;
        self.wheel += frame.wheel;
        self.window_size = frame.window_size;
        self.elapsed = frame.elapsed;
    }

    /// Forgets the edges and scrolling once a worker frame has them.
    pub fn clear_edges(&mut self) {
        self.keys_pressed = KeySet::default();
        self.keys_released = KeySet::default();
        self.mouse_pressed = 0;
        self.mouse_released = 0;
        self.wheel = Vec2::ZERO;
    }
}

/// The input resources the plugin reads; each is optional (a headless app may have none).
#[derive(SystemParam)]
pub(crate) struct InputSources<'w, 's> {
    keys: Option<Res<'w, ButtonInput<KeyCode>>>,
    mouse: Option<Res<'w, ButtonInput<MouseButton>>>,
    scroll: Option<Res<'w, AccumulatedMouseScroll>>,
    window: Query<'w, 's, &'static Window, With<PrimaryWindow>>,
}

impl InputSources<'_, '_> {
    /// Folds this main frame's input into `into`.
    pub fn accumulate(&self, elapsed: f64, into: &mut InputSnapshot) {
        let mut frame = InputSnapshot {
            elapsed,
            ..InputSnapshot::default()
        };
        if let Some(keys) = &self.keys {
            let set = |codes: &mut dyn Iterator<Item = &KeyCode>| {
                let mut set = KeySet::default();
                for index in codes.filter_map(|code| key_code_index(*code)) {
                    set.insert(index);
                }
                set
            };
            frame.keys_down = set(&mut keys.get_pressed());
            frame.keys_pressed = set(&mut keys.get_just_pressed());
            frame.keys_released = set(&mut keys.get_just_released());
        }
        if let Some(mouse) = &self.mouse {
            let bits = |buttons: &mut dyn Iterator<Item = &MouseButton>| {
                buttons
                    .filter_map(|b| mouse_button_bit(*b))
                    .fold(0, |a, b| a | b)
            };
            frame.mouse_down = bits(&mut mouse.get_pressed());
            frame.mouse_pressed = bits(&mut mouse.get_just_pressed());
            frame.mouse_released = bits(&mut mouse.get_just_released());
        }
        if let Some(scroll) = &self.scroll {
            frame.wheel = match scroll.unit {
                MouseScrollUnit::Line => scroll.delta,
                MouseScrollUnit::Pixel => {
                    scroll.delta / MouseScrollUnit::SCROLL_UNIT_CONVERSION_FACTOR
                }
            };
        }
        if let Ok(window) = self.window.single() {
            frame.window_size = Vec2::new(window.width(), window.height());
            frame.mouse_position = window.cursor_position();
        }
        into.accumulate(&frame);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_name_is_unique_and_round_trips() {
        for (index, name) in KEY_NAMES.iter().enumerate() {
            assert_eq!(key_index(name), Some(index), "{name}");
            assert_eq!(format!("{:?}", KEYS[index].0), *name);
        }
        assert_eq!(key_index("keyw"), None);
        assert_eq!(key_index("Unidentified"), None);
    }

    #[test]
    fn edges_accumulate_until_cleared() {
        let w = key_index("KeyW").unwrap();
        let space = key_index("Space").unwrap();
        let mut frame = InputSnapshot::default();
        frame.keys_pressed.insert(space);
        frame.keys_down.insert(space);
        let mut acc = InputSnapshot::default();
        acc.accumulate(&frame);
        // The next main frame: Space was released, W pressed.
        let mut next = InputSnapshot::default();
        next.keys_released.insert(space);
        next.keys_pressed.insert(w);
        next.keys_down.insert(w);
        acc.accumulate(&next);
        assert!(
            acc.keys_pressed.contains(space),
            "a tap between worker frames is kept"
        );
        assert!(acc.keys_released.contains(space));
        assert!(!acc.keys_down.contains(space));
        assert!(acc.keys_down.contains(w));
        acc.clear_edges();
        assert!(!acc.keys_pressed.contains(space));
        assert!(acc.keys_down.contains(w), "held keys stay held");
    }
}
