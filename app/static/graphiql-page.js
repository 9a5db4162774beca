// Loudong's GraphiQL page (app/graphiql.py): strawberry's GraphiQL set-up, with every file
// served by this server, so that it works without internet. React, ReactDOM, GraphiQL and
// GraphiQLPluginExplorer are the globals of the bundles in app/static/graphiql/.
"use strict";

(function () {
  const EXAMPLE_QUERY = `# Welcome to Loudong's GraphiQL.
#
# Sign in first (the demo users' password is loudong-demo):
#
#   mutation { login(username: "community1", password: "loudong-demo") {
#     token errors { code message } } }
#
# then put the token into the Headers tab below:
#
#   {"Authorization": "Bearer <token>"}
#
# Keyboard shortcuts:
#
#       Run Query:  Ctrl-Enter (or press the play button)
#   Auto Complete:  Ctrl-Space (or just start typing)
#
query {
  me { username displayName }
}
`;

  // The query and variables are kept in the page's URL so that it can be shared; the headers
  // (a token) never are, and are never read from it.
  const parameters = {};
  for (const entry of window.location.search.slice(1).split("&")) {
    const eq = entry.indexOf("=");
    if (eq >= 0) {
      parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(
        entry.slice(eq + 1),
      );
    }
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const newSearch =
      "?" +
      ["q", "variables"]
        .filter((key) => Boolean(parameters[key]))
        .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
        .join("&");
    history.replaceState(null, "", newSearch);
  }

  const fetchURL = window.location.href.split("?")[0].split("#")[0];

  function httpUrlToWebSocketUrl(url) {
    const parsedURL = new URL(url);
    parsedURL.protocol = parsedURL.protocol === "http:" ? "ws:" : "wss:";
    parsedURL.hash = "";
    return parsedURL.toString();
  }

  const fetcher = GraphiQL.createFetcher({
    url: fetchURL,
    subscriptionUrl: httpUrlToWebSocketUrl(fetchURL),
  });

  function GraphiQLWithExplorer() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    const explorerPlugin = React.useMemo(() => GraphiQLPluginExplorer.explorerPlugin(), []);

    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorerPlugin],
      query: query,
      variables: variables,
      onEditQuery: (newQuery) => {
        setQuery(newQuery);
        updateURL({ q: newQuery });
      },
      onEditVariables: (newVariables) => {
        setVariables(newVariables);
        updateURL({ variables: newVariables });
      },
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      // Kept in this browser's localStorage for this origin, as strawberry's page does.
      shouldPersistHeaders: true,
    });
  }

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQLWithExplorer));
})();
