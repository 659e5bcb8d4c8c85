// Reference point: an idle Node process with a 10 Hz timer, the floor any Node host pays.
setInterval(() => {}, 100);
process.on('SIGTERM', () => process.exit(0));
