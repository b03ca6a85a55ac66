package config

// Submit configures in-person submissions (the submissions issue owns this section).
type Submit struct{}

func defaultSubmit() Submit { return Submit{} }
