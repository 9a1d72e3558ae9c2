// The handler's structured logs are silent in tests unless a test turns them on (see the logging test).
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
