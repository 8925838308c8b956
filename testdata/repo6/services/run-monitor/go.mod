module github.com/acme-analytics/run-monitor

go 1.22

require github.com/acme-analytics/dbtx v0.0.0-20241003091512-e93f918f4fb4
