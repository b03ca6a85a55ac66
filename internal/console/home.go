package console

import (
	"net/http"
)

// home is the landing page after login.
func (s *Server) home(w http.ResponseWriter, r *http.Request, c *call) {
	s.render(w, r, c, http.StatusOK, "home", view{Title: "工作台"})
}
