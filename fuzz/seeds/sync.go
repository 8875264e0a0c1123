package main

func main() {
	client.Core().Call(ctx, "biconnector.connector.add", b24.Params{"fields": b24.Params{"title": "T\u00e9", "sort": 0x1A, "settings": []b24.Params{{"code": `a`, "name": "b", "type": "string"}}, "urlCheck": os.Getenv("BASE") + "/check"}})
}
