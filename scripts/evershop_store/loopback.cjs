// Preloaded into EverShop's node processes (NODE_OPTIONS=--require): its server calls
// server.listen(port) with no host, which would bind every interface. A listen given only a
// port (or a port and a callback) is bound to 127.0.0.1 instead.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (args.length === 1 || typeof args[1] === 'function') args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
