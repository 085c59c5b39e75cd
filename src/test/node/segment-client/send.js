// Two devices of one person, as the official Segment SDK sends them: pages and tracks while anonymous, then
// identify with the same user id on both. Usage: node send.js <origin> <writeKey> <anonA> <anonB> <userId> <email>
const { Analytics } = require('@segment/analytics-node');

const [origin, writeKey, anonA, anonB, userId, email] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host: origin, flushAt: 3, maxRetries: 2 });
analytics.on('error', (err) => {
  console.error('segment error', err);
  process.exitCode = 2;
});

analytics.page({ anonymousId: anonA, name: 'Trail Jacket', properties: { path: '/p/trail-jacket' } });
analytics.track({ anonymousId: anonA, event: 'Product Viewed', properties: { name: 'Trail Jacket', variant: 'M' } });
analytics.identify({ anonymousId: anonA, userId, traits: { email, name: 'Jo Walker' } });
analytics.screen({ anonymousId: anonB, name: 'Home' });
analytics.track({ anonymousId: anonB, event: 'Product Added', properties: { name: 'Trail Jacket', variant: 'M' } });
analytics.identify({ anonymousId: anonB, userId });

analytics.closeAndFlush({ timeout: 20000 }).then(() => console.log('flushed'));
