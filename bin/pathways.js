#!/usr/bin/env node
// Entry point of the `pathways` command; the CLI itself is compiled from src/cli.
import '../dist/cli/main.js';
