// One field of a response as text, the way both the table and the key: value lines show it:
// enums by their short name (SCIENCE), instants in RFC 3339, money (`*_cents`) in euros.
#ifndef STEM_TOOLS_CLI_FIELD_TEXT_H_
#define STEM_TOOLS_CLI_FIELD_TEXT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <vector>

namespace stem::cli {

// A message-typed field shown as one value (Timestamp, Duration) rather than as fields.
bool IsValueMessage(const google::protobuf::FieldDescriptor* field);

// Whether a field has something to show: unset, empty and *_UNSPECIFIED values do not.
// Zeros and false do (e.g. "recognised: false").
bool Shows(const google::protobuf::Message& message,
           const google::protobuf::FieldDescriptor* field);

// One value of a field; `index` picks the element of a repeated field (-1 for a singular
// one). In a table, money is euros only; elsewhere the cents follow in brackets.
std::string ValueText(const google::protobuf::Message& message,
                      const google::protobuf::FieldDescriptor* field, int index, bool in_table);

// Every element of a repeated field.
std::vector<std::string> Values(const google::protobuf::Message& message,
                                const google::protobuf::FieldDescriptor* field, bool in_table);

// A map field as sorted key=value entries joined by `between`.
std::string MapText(const google::protobuf::Message& message,
                    const google::protobuf::FieldDescriptor* field, const char* between);

// 1234567 -> "12 345,67 EUR" (the Belgian way: space between thousands, decimal comma).
std::string FormatEuros(int64_t cents);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_FIELD_TEXT_H_
