#pragma once
// libcurl's curl_easy_setopt is variadic and cannot be called from Swift; these fixed-type
// wrappers are the only way ReservationCore reaches it. Names are prefixed to avoid clashes.
#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*rf_curl_read_cb)(char *buffer, size_t size, size_t nitems, void *userdata);

CURLcode rf_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode rf_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode rf_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode rf_curl_set_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode rf_curl_set_read_callback(CURL *handle, rf_curl_read_cb callback);

/* The last SMTP/FTP/HTTP response code (curl_easy_getinfo is variadic too). */
long rf_curl_response_code(CURL *handle);
