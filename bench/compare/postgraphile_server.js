// PostGraphile 4 as a library behind Node's own http server, one process.
//
// Started by `python -m bench.compare` with NODE_PATH pointing at bench/.postgraphile/node_modules.
// Every request runs as the role BENCH_PG_ROLE, under the row-level-security policies that
// bench/compare/database.py creates; the viewer's scope comes from request headers into
// pgSettings (as a gateway that verified the token would pass it):
//   x-loudong-user: user id, x-loudong-scope: path prefix ("/" for everything),
//   x-loudong-breadcrumbs: comma-separated ids of the nodes above the grant nodes.
// Production-style options: no query log, no GraphiQL, no mutations, no watch mode.
const http = require("http");
const { postgraphile } = require("postgraphile");

const databaseUrl = process.env.BENCH_PG_DATABASE_URL;
const port = Number(process.env.BENCH_PG_PORT);
const role = process.env.BENCH_PG_ROLE;

function header(req, name, fallback) {
  const value = req.headers[name];
  return typeof value === "string" ? value : fallback;
}

const middleware = postgraphile(databaseUrl, "public", {
  graphqlRoute: "/graphql",
  // Global ids as `id`, columns named id as `rowId`: Loudong's tables have `node_id` columns,
  // which would otherwise collide with PostGraphile's `nodeId`.
  classicIds: true,
  graphiql: false,
  disableQueryLog: true,
  disableDefaultMutations: true,
  watchPg: false,
  retryOnInitFail: false,
  setofFunctionsContainNulls: false,
  enableQueryBatching: false,
  pgSettings: async (req) => ({
    role,
    "loudong.user_id": header(req, "x-loudong-user", "0"),
    "loudong.scope_path": header(req, "x-loudong-scope", "-"),
    "loudong.breadcrumbs": "{" + header(req, "x-loudong-breadcrumbs", "") + "}",
  }),
});

http.createServer(middleware).listen(port, "127.0.0.1", () => {
  console.log(`postgraphile listening on 127.0.0.1:${port}`);
});
