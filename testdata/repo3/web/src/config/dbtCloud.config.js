module.exports = {
  dbtCloud: {
    accountId: 82467,
    host: "cloud.getdbt.com",
    token: "dbtc_UmJY8HWEcNaydr40Y_gl76e6EMsE4KSaVSfPQYVvFKaZ7h1qHe",
    projectId: 270542,
  },
  sentry: {
    release: "97cfe73093cbe3f8b91da3cb598f21bb994b90d7",
  },
};
