package keyboard

// FieldKind says what a field holds, so the keyboard opens with the right
// layout and offers only what makes sense there.
type FieldKind int

const (
	// Text is free text: 拼音 first, switchable to English and symbols.
	Text FieldKind = iota
	// Chinese is Chinese text such as a name or a paragraph: 拼音 first.
	Chinese
	// IDNumber is a 居民身份证 number: a numeric keypad with X.
	IDNumber
	// Phone is a telephone number: a numeric keypad, digits only.
	Phone
	// Digits is any digit string, such as a postal code: a numeric keypad.
	Digits
	// Email is an e-mail address: English letters with @ . _ - at hand.
	Email
	// Code is upper-case letters and digits, such as a 统一社会信用代码:
	// English letters with shift locked on.
	Code
	// Verification is a receipt's 查询码: a numeric keypad (the codes are
	// digits), with an ABC key for the letter codes of older receipts.
	Verification
)

// Layout names the key arrangements the keyboard shows.
type Layout int

const (
	Pinyin  Layout = iota // 拼音: QWERTY letters composing Chinese
	English               // English letters with shift
	Symbols               // digits and punctuation
	Keypad                // numeric keypad (with X for ID numbers)
)

// layoutFor returns the layout a field of kind opens with.
func layoutFor(kind FieldKind) Layout {
	switch kind {
	case IDNumber, Phone, Digits, Verification:
		return Keypad
	case Email, Code:
		return English
	default:
		return Pinyin
	}
}

// switchable reports whether the visitor may change layouts in a field of
// kind: a number field keeps its keypad (a 查询码 may need letters).
func switchable(kind FieldKind) bool { return layoutFor(kind) != Keypad || kind == Verification }
