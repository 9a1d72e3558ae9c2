// The handler's structured logs are silent in tests unless a test turns them on (see the logging test).
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// The SDK's NodeVersionSupportWarning (Node.js 20 reaches the end of its support in the SDK in January 2027) would
// be printed by every test file that creates a client. This is the SDK's documented switch
// (aws/aws-sdk-js-v3#7983); it is set for the test processes only, never by the library or the handler, so users'
// code still sees the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
