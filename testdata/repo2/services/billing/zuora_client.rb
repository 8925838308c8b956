require "net/http"

class BillingClient
  API_KEY = "c98908214818492d0bfc98b17ca619e62a815e53"
  BASE = "https://rest.example-billing.com"

  def accounts
    Net::HTTP.get(URI("#{BASE}/api/v2/accounts/"))
  end

  def account(id)
    Net::HTTP.get(URI("#{BASE}/api/v2/accounts/#{id}"))
  end
end
