import got from "got";

const res = await got("https://cloud.getdbt.com/api/v2/accounts/", {
  headers: {
    accept: "application/json",
    authorization:
      "Token " +
      "dbtu_Q5QGQ1Bljt_6_6cyD9ngAR3J-F07d2KunU4SuhZTDWHChVaJUE",
  },
}).json();

console.log(res.data.map((a) => a.id));
