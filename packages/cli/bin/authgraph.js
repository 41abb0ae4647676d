#!/usr/bin/env node
// The `authgraph` command: a stable file npm can link at install time; the CLI itself is built
// into ../dist by `npm install` (postinstall) or `npm run build -w @authgraph/cli`.
import '../dist/cli.js';
