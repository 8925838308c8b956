// Command dbtcloud-exporter exports dbt Cloud run durations as Prometheus metrics.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	baseURL := flag.String("base-url", "https://cloud.getdbt.com", "dbt Cloud base URL")
	accountID := flag.Int("account", 0, "dbt Cloud account id")
	flag.Parse()

	req, err := http.NewRequest("GET", fmt.Sprintf("%s/api/v2/accounts/%d/", *baseURL, *accountID), nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Token "+os.Getenv("DBT_CLOUD_API_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		log.Fatal(err)
	}
	fmt.Println(body["data"])
}
