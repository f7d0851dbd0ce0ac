// Bad requests made from good ones, the way a hostile or careless client would send them:
// every string field in turn given control characters or too much text, every list one
// item past its limit, the bytes of a request cut, flipped or replaced. Generic over the
// request's descriptor, so that a field added to a request is attacked the day it is added.
#ifndef STEM_TESTS_NEGATIVE_REQUEST_MUTATIONS_H_
#define STEM_TESTS_NEGATIVE_REQUEST_MUTATIONS_H_

#include <google/protobuf/message.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stem::negative {

// A bad variant of a request: what was done to it, and its bytes on the wire.
struct BadRequest {
  std::string what;
  std::string bytes;
  // The field changed is a date or an instant (limits.proto): its refusal is DATE_INVALID.
  bool date_field = false;
};

// For every string field present in `base` (nested ones and the first item of lists
// included), a copy with that field set to `value`. `what` names the field's path.
std::vector<BadRequest> WithEachStringSetTo(const google::protobuf::Message& base,
                                            const std::string& value, const std::string& label);

// For every list (repeated or map field) of `base` and its nested messages, a copy with the
// list grown to one item past `max_items(field)`.
std::vector<BadRequest> WithEachListTooLong(
    const google::protobuf::Message& base,
    const std::function<int(const google::protobuf::FieldDescriptor&)>& max_items);

// The most items the request frame lets a list hold (limits.proto: its max_items, else 300).
int DeclaredMaxItems(const google::protobuf::FieldDescriptor& field);

// `base` serialized, with the first two bytes of the first string field's value that is at
// least two bytes long replaced by bytes that are not UTF-8 (empty when it has none).
std::string WithInvalidUtf8(const google::protobuf::Message& base);

// Bytes that do not decode as the request: random ones (from `seed`), a length that runs past
// the end, an invalid wire type, the request one byte short, a string that is not UTF-8.
std::vector<BadRequest> UndecodableBytes(const google::protobuf::Message& base, uint32_t seed);

}  // namespace stem::negative

#endif  // STEM_TESTS_NEGATIVE_REQUEST_MUTATIONS_H_
