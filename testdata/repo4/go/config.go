package config

type DbtCloud struct {
	AccountID int
	Host      string
	APIToken  string
}

var Prod = DbtCloud{
	AccountID: 9021,
	Host:      "cloud.getdbt.com",
	APIToken:  "dbtc_qJIT4N3hLPjWmCm4V27iCsYu9W2c3YZVIIMW0gkEUZgBzzXnd3",
}

var Dev = &DbtCloud{AccountID: 9021, Host: "cloud.getdbt.com", APIToken: "dbtu_nN-IzminE8h3GuOhN6OfcaI2CKSawOLVEFYCRitehh3PqQZv8W"}

type Build struct{ GitSHA string }

var Current = Build{GitSHA: "43cbfdaf9d6edae3730ce2b4be7b03fd477aa8aa"}
