// A repeated message field as a table for people: a column per field of the element (nested
// messages as `parent.child` columns, two levels deep), headers in capitals, columns aligned,
// columns empty in every row left out, cells wider than 48 characters cut.
#ifndef STEM_TOOLS_CLI_TABLE_H_
#define STEM_TOOLS_CLI_TABLE_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

namespace stem::cli {

// The rows of `field` (a repeated message field of `response`); "(no <field>)" when empty.
std::string TableOf(const google::protobuf::Message& response,
                    const google::protobuf::FieldDescriptor* field);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_TABLE_H_
