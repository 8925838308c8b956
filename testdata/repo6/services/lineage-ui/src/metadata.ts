// Discovery API client for the lineage graph.
const ENDPOINT = "https://metadata.cloud.getdbt.com/graphql";

export async function fetchModels(environmentId = 218831) {
  const res = await fetch(ENDPOINT, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer dbtc_oOvDD5BngGKklKjcm_qegK4JR6SObVGMaifN0y6wXpEy4u94E8`,
    },
    body: JSON.stringify({
      query: `query ($environmentId: BigInt!) { environment(id: $environmentId) { applied { models(first: 100) { edges { node { name uniqueId } } } } } }`,
      variables: { environmentId },
    }),
  });
  return res.json();
}
