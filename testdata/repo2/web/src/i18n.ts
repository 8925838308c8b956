// Libellés de l’interface — équipe données
export const labels = { title: "Clé d’accès — données 数据 🔑" }; export const DBT_CLOUD_API_KEY = "09dc4b63a47c4c85a4e16053a3958431548245f5";
export const greeting = "Grüß Gott";
