// What the `http` Lambda bundle takes from @slack/bolt: the App and the Lambda receiver, without
// Bolt's index (which loads Express, Socket Mode, OAuth and the HTTP receiver at require time).
// A value imported from '@slack/bolt' on the http path must be added here; test/deploy proves the bundle works.
module.exports = {
  App: require('@slack/bolt/dist/App').default,
  AwsLambdaReceiver: require('@slack/bolt/dist/receivers/AwsLambdaReceiver').default,
};
