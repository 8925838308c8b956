# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/dbt-labs/dbtcloud" {
  version     = "0.3.21"
  constraints = "~> 0.3"
  hashes = [
    "h1:9mGn7xTC8ulr8GZrdvArFnS9fdeYeeS+bZoTMJASQAWOjjlE0zOelzt4P0LtGwUf",
    "zh:ba96684308de39ea78088e9baef72ac816b1b51a72a73af24ac8a1087755a959",
    "zh:274fe03a4d58a8e87f08e300e0b0684774d13f2ebef6b4a135415854b398e427",
  ]
}
