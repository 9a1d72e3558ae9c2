// A warm "Lambda container" for tests: loads a bundled handler once, then runs each event it is sent over IPC
// with a Lambda-like context, and answers with the result or the error (name and message).
const bundle = require(process.argv[2]);

process.on('message', async ({ id, event, remainingMs }) => {
  const deadline = Date.now() + remainingMs;
  const context = {
    awsRequestId: `req-${id}`,
    functionName: 'OnEventHandler',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:OnEventHandler',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    process.send({ id, result: (await bundle.handler(event, context)) ?? null });
  } catch (error) {
    process.send({ id, error: { name: error.name, message: error.message } });
  }
});
