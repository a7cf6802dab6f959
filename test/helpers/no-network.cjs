// Preloaded (node -r) into the CLI and the server by test/cli/network.test.ts: any
// attempt to reach the network is recorded on stderr and fails.
const record = (what) => () => {
  process.stderr.write(`NETWORK CALL: ${what}\n`);
  throw new Error(`network call attempted: ${what}`);
};
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const dgram = require('node:dgram');
net.connect = net.createConnection = record('net.connect');
net.Socket.prototype.connect = record('net.Socket.connect');
tls.connect = record('tls.connect');
dns.lookup = record('dns.lookup');
dns.resolve = record('dns.resolve');
dns.promises.lookup = record('dns.promises.lookup');
http.request = http.get = record('http.request');
https.request = https.get = record('https.request');
dgram.createSocket = record('dgram.createSocket');
globalThis.fetch = record('fetch');
