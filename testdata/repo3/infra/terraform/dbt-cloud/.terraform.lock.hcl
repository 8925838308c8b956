# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/dbt-labs/dbtcloud" {
  version     = "0.3.10"
  constraints = "~> 0.3"
  hashes = [
    "h1:hCqcle/KQPxBquaNSF2o/g+u3rqavBt+LJ0AHyNTx70=",
    "zh:529925ffb4e63558bb8f422969a55371e7a475f95ec7eb5b14cce06b8f5147e4",
    "zh:e242094d3af460f4d504e23069926b3eba217b48ec1ab03a65fd0bc7546967bc",
  ]
}

provider "registry.terraform.io/hashicorp/http" {
  version     = "3.4.2"
  constraints = "~> 3.4"
  hashes = [
    "h1:Z++KD2DrLrkYcnw0KIeNbOhGgBeCgwEKBT5mTnmf6/4=",
    "zh:b43899ee9382a99afd175c984ca1d8829d1ec4ec7958f6838c1427d7f69b520e",
  ]
}
