// Stands in for Bolt's HTTPReceiver and SocketModeReceiver in the `http` Lambda bundle. App only
// constructs them when it is given no receiver (or socketMode), and the Lambda app always passes its own.
class NotInLambdaBundle {
  constructor() {
    throw new Error('This Bolt receiver is not part of the Lambda bundle; pass an AwsLambdaReceiver');
  }
}

module.exports = { __esModule: true, default: NotInLambdaBundle };
