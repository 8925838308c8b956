provider "registry.terraform.io/dbt-labs/dbtcloud" {
  version     = "0.3.26"
  constraints = "~> 0.3"
  hashes = [
    "h1:L1Vw+nprKJM463agQMryofGPSl9eyadnZ9pPAHAzFD4=",
    "zh:304e7d1a2cbbccf6d4368b78b663789ff4cd84921aad03985943a7e023e322fb",
    "zh:c9a23357aa76d107305e8c1df05f2c02c2c5124abdddee44b3aad29ce02d9ea2",
  ]
}
