package main

import "context"

func submitPart(ctx context.Context, o options, root string) error { return nil }
