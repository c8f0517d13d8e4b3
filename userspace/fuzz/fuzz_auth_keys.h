/* SPDX-License-Identifier: GPL-2.0 */
/* Public keys of tests/data/auth/{rsa,ec256}.pem (openssl x509 -pubkey -noout). */
static const char fuzz_rsa_pub[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAyyovs9O/TRGsJ4Pgwrq8\n"
	"utQKRWWwuJanHNxK+7l5P238kRZ5GGNyOT3mf0oWcbwW+jU5A/iXaUzYj8AUpYOh\n"
	"eBWVVjwoAqHvuTDcbcGxEzf6ZQKwafED06Cy4eu9ZGThvjb2zs/YH3M2JzW9h84N\n"
	"7JBaP+Mp3xr7MmNcKpkCwEyCSpvhbA4cfzuV9GZ2Fm1xWHNUFf+09v7YDYHwVxEF\n"
	"Li2PWl3QtTMLDcCWVl6H8Kq337drErV6qshMERnJQ/5SQuOTR9dVUO1Kyr0vjFPd\n"
	"/UEdAXFLef8ZFSBBPk0dCVRA+151jy5oVusAH8BIew8HfihJTW80fo+SOgwDDr3f\n"
	"TwIDAQAB\n"
	"-----END PUBLIC KEY-----\n"
	;
static const char fuzz_ec_pub[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEww04v0g7hWCL+P3VLv74gAKqNjmD\n"
	"8nU4RaK/AKw0OSqInEaJsGZsxRMub0HQtlhPe+OQy6kPAaoycUN7tEzViw==\n"
	"-----END PUBLIC KEY-----\n"
	;
