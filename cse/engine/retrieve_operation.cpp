// RETRIEVE, TS-0004 §7.3.3.x and §7.4.27/28 (latest / oldest).
#include "cse/engine/dispatcher.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using model::Status;
using resources::Resource;
using resources::VirtualResource;

namespace {

Status checkResultContent(ResultContent rcn, bool is_virtual) {
  switch (rcn) {
    case ResultContent::kAttributes:
    case ResultContent::kOriginalResource:  // equals the attributes for non-announced resources
      return {};
    case ResultContent::kAttributesAndChildResources:
    case ResultContent::kAttributesAndChildResourceReferences:
    case ResultContent::kChildResourceReferences:
    case ResultContent::kChildResources:
      if (!is_virtual) {
        return {};
      }
      break;
    case ResultContent::kSemanticContent:
      return Status(model::Rsc::kNotImplemented, "resultContent 10 (semantic content) is not "
                    "supported: this CSE hosts no semantic descriptors", "rcn.semantic");
    default: break;
  }
  return Status::badRequest("resultContent (rcn) " + std::to_string(static_cast<int>(rcn)) +
                            " is not valid for this RETRIEVE (allowed: 1, 4, 5, 6, 7, 8; 1 for "
                            "la/ol)", "rcn.invalid_for_retrieve");
}

}  // namespace

Result<Response> Dispatcher::retrieve(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::ResolvedTarget& target = authorized.target();
  if (request.filter_criteria.is_object() && request.filter_criteria.value("fu", 2) == 1) {
    return Status(model::Rsc::kNotImplemented, "discovery (fu=1) is not supported yet",
                  "discovery.unsupported");
  }
  ResultContent rcn = request.result_content.value_or(ResultContent::kAttributes);
  bool is_virtual = target.virtual_resource != VirtualResource::kNone;
  CITADEL_RETURN_IF_ERROR(checkResultContent(rcn, is_virtual));

  Resource resource = target.resource;
  bool instance = is_virtual || resource.type() == model::ResourceType::kContentInstance;
  if (instance) {
    // TS-0004 §7.4.6.1: with disableRetrieval set no instance can be read.
    Resource container;
    if (is_virtual) {
      container = resource;
    } else {
      CITADEL_ASSIGN_OR_RETURN(container, repository_.load(resource.pi()));
    }
    if (container.attributes.value("disr", false)) {
      return Status::operationNotAllowed("the container has disableRetrieval (disr) set",
                                         "retrieve.disr");
    }
  }
  if (is_virtual) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<Resource> found,
                             target.virtual_resource == VirtualResource::kLatest
                                 ? repository_.latestInstance(resource)
                                 : repository_.oldestInstance(resource));
    if (!found) {
      return Status::notFound("the container has no content instance", "retrieve.no_instance");
    }
    resource = std::move(*found);
  }
  if (resource.type() == model::ResourceType::kCSEBase) {
    resource.attributes["ctm"] = model::formatTimestamp(clock_.now());
  }

  Response response;
  response.status_code = model::Rsc::kOk;
  response.request_id = request.request_id;
  std::vector<std::string> attribute_list = request.attribute_list;
  if (!target.attribute.empty()) {
    attribute_list.push_back(target.attribute);
  }
  if (!attribute_list.empty()) {
    CITADEL_ASSIGN_OR_RETURN(response.content, content_.partial(resource, attribute_list));
  } else if (rcn == ResultContent::kAttributes || rcn == ResultContent::kOriginalResource) {
    response.content = content_.resource(resource);
  } else {
    bool partial = false;
    CITADEL_ASSIGN_OR_RETURN(response.content, content_.withChildren(resource, rcn, &partial));
    response.content_status = partial ? 1 : 2;  // cnst: PARTIAL_CONTENT / FULL_CONTENT
  }
  return response;
}

}  // namespace citadel::engine
