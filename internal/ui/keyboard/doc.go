// Package keyboard is the kiosk's on-screen keyboard: 拼音 with a
// candidate bar (internal/ime), English letters with shift, digits and
// punctuation (full-width in 拼音 mode), and a numeric keypad (with X for
// 居民身份证 numbers), chosen from each field's FieldKind. Fyne has no
// input method on Linux and the kiosk has no physical keyboard (issue 6).
//
// A screen attaches its entries and docks the keyboard at the bottom:
//
//	kb := keyboard.New()
//	kb.OnActivity = app.Active // every key press counts as activity
//	name, id := widget.NewEntry(), widget.NewEntry()
//	id.Validator = func(s string) error { return validate.IDNumber(s, app.Now()) }
//	body := container.NewVBox(
//		widget.NewLabel("姓名"), kb.Attach(name, keyboard.Chinese),
//		widget.NewLabel("身份证号"), kb.Attach(id, keyboard.IDNumber),
//	)
//	scroll := container.NewVScroll(body)
//	kb.Follow(scroll) // keep the field in view above the keyboard
//	w.SetContent(container.NewBorder(nil, kb, nil, nil, scroll))
//	app.OnReset(kb.Reset) // the idle reset wipes the composition
//
// Attach returns the object to lay out in place of the entry (the entry
// under a layer that opens the keyboard when touched). Touching a field
// opens the keyboard on it; 下一项 moves to the next attached field (after
// the last, 完成 submits a single-line entry, so a search runs, and hides
// the keyboard); 隐藏 hides it. The keyboard also hides when its field is
// hidden or disabled; a screen that navigates away should call Hide (or
// Reset) itself, since Fyne does not tell a widget it left the window.
//
// The keyboard types through the entry's TypedRune and TypedKey, so the
// entry's Validator, OnChanged and undo work as with a real keyboard, and
// it keeps its target even though tapping a key drops Fyne's focus.
//
// The pinyin engine loads in the background the first time the keyboard
// opens (Preload starts it earlier; Ready tells when it is done). Letters
// typed before that are kept and converted once it is ready.
//
// Privacy: the keyboard and the engine learn nothing from what is typed.
// Reset drops the composition, the candidates, the shift state and the
// target; a form calls it when it is done.
//
// Tests tap keys with fyne.io/fyne/v2/test: test.Tap(kb.Key("a")),
// test.Tap(kb.Candidate(0)), test.Tap(kb.Key(keyboard.KeyNext)).
package keyboard
