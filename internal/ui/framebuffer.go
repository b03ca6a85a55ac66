package ui

import "github.com/go-gl/glfw/v3.3/glfw"

// noDepthStencil asks GLFW for a window without a depth or a stencil
// buffer. Fyne never tests depth (it disables GL_DEPTH_TEST) nor uses the
// stencil, but it leaves GLFW's default framebuffer hints alone, which ask
// for a 24-bit depth and an 8-bit stencil buffer: under a software
// renderer (Mesa's llvmpipe) that is a 4-byte-a-pixel buffer in the main
// memory, 8 MB at 1920×1080, cleared every frame for nothing (issue 16).
// GLFW keeps hints until they are reset, and Fyne sets only its own
// (visibility, decoration, GL version) when it creates the window, so
// call this after app.NewWindow, which initialises GLFW, and before the
// window is shown, on the main goroutine.
func noDepthStencil() {
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
}
