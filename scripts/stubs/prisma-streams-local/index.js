// Empty stand-in for @prisma/streams-local (see package.json): only `prisma dev` would load it.
module.exports = {};
