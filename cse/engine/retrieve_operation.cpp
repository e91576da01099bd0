// RETRIEVE, TS-0004 §7.3.3.x and §7.4.27/28 (latest / oldest).
#include <unordered_map>

#include "cse/engine/announcement/announcer.h"
#include "cse/engine/dispatcher.h"
#include "resources/resource_resolver.h"
#include "resources/views/container_view.h"

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

// `path` with the relative path `arp` applied: "." and ".." segments resolved (TS-0004
// §7.3.3.17.17, e.g. "../tempContainer/la"). Empty when ".." climbs above the path's root.
std::string applyRelativePath(const std::string& path, const std::string& arp) {
  std::vector<std::string> segments;
  auto split = [&](std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t slash = std::min(text.find('/', start), text.size());
      std::string_view segment = text.substr(start, slash - start);
      if (segment == "..") {
        if (segments.size() <= 1) return false;
        segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.emplace_back(segment);
      }
      start = slash + 1;
    }
    return true;
  };
  if (!split(path) || !split(arp)) {
    return "";
  }
  std::string out;
  for (const auto& segment : segments) {
    out += (out.empty() ? "" : "/") + segment;
  }
  return out;
}

bool asksNoAttributeList(const model::Request& request,
                          const resources::ResolvedTarget& target) {
  return request.attribute_list.empty() && target.attribute.empty();
}

}  // namespace

Result<Response> Dispatcher::retrieve(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::ResolvedTarget& target = authorized.target();
  std::optional<FilterCriteria> filter;
  if (!request.filter_criteria.is_null()) {
    CITADEL_ASSIGN_OR_RETURN(filter, parseFilterCriteria(request.filter_criteria));
    if (filter->filter_usage == 1) {
      return discover(authorized, *filter);
    }
  }
  ResultContent rcn = request.result_content.value_or(ResultContent::kAttributes);
  bool is_virtual = target.virtual_resource != VirtualResource::kNone;
  CITADEL_RETURN_IF_ERROR(checkResultContent(rcn, is_virtual));

  // The representation read: the target itself, or the instance la/ol name. Held by pointer so
  // that a RETRIEVE copies no record (issue 25 #4); only the CSEBase's gets a copy, for ctm.
  const Resource* read = &target.resource();
  resources::ResourceRepository::SharedRecord instance_record;
  std::optional<Resource> with_current_time;
  if (read->type() == model::ResourceType::kContainer &&
      resources::ContainerView(*read).currentNrOfInstances() == 0) {
    notifyListener([&](ResourceEventListener& l) { l.emptyContainerRetrieved(*read); });
  }
  bool instance = is_virtual || read->type() == model::ResourceType::kContentInstance;
  if (instance) {
    // TS-0004 §7.4.6.1: with disableRetrieval set no instance can be read.
    resources::ResourceRepository::SharedRecord parent;
    if (!is_virtual) {
      CITADEL_ASSIGN_OR_RETURN(parent, repository_.loadShared(read->pi()));
    }
    const Resource& container = is_virtual ? *read : *parent;
    if (resources::ContainerView(container).disableRetrieval()) {
      return Status::operationNotAllowed("the container has disableRetrieval (disr) set",
                                         "retrieve.disr");
    }
  }
  if (is_virtual) {
    CITADEL_ASSIGN_OR_RETURN(instance_record,
                             target.virtual_resource == VirtualResource::kLatest
                                 ? repository_.latestInstance(*read)
                                 : repository_.oldestInstance(*read));
    if (!instance_record) {
      return Status::notFound("the container has no content instance", "retrieve.no_instance");
    }
    read = instance_record.get();
  }
  bool with_children = asksNoAttributeList(request, target) &&
                       rcn != ResultContent::kAttributes && rcn != ResultContent::kOriginalResource;
  auto retrievable = [&](const Resource& r) { return mayRetrieve(authorized, r); };
  if (filter && !with_children && !filter->matches(*read, &repository_, retrievable)) {
    // Conditional retrieval of the target itself (TS-0004 §7.3.3.1; TS-0001 §8.1.2: "if a
    // target resource is modified since 12:00 then the Hosting CSE will identify it as a
    // matched resource"). With rcn 4, 5, 6, 8 the filter selects the children instead.
    return targetDoesNotMatch();
  }
  if (read->type() == model::ResourceType::kCSEBase) {
    with_current_time.emplace(*read);
    with_current_time->attributes["ctm"] = model::formatTimestamp(clock_.now());
    read = &*with_current_time;
  }
  const Resource& resource = *read;
  if (rcn == ResultContent::kOriginalResource && announcer_ != nullptr &&
      model::isAnnouncedType(resource.type()) && request.attribute_list.empty() &&
      target.attribute.empty()) {
    // TS-0004 §7.4.26.2.3: Recv-6.5 reads the original through the link, as this originator
    // (its Hosting CSE decides what it may see there).
    Response original =
        announcer_->toOriginal(resource, request, authorized.originator());
    original.request_id = request.request_id;
    return original;
  }

  Response response;
  response.status_code = model::Rsc::kOk;
  response.request_id = request.request_id;
  std::vector<std::string> attribute_list = request.attribute_list;
  if (!target.attribute.empty()) {
    attribute_list.push_back(target.attribute);
  }
  // acr.aca: the originator reads only the attributes its RETRIEVE privilege covers, here and
  // in every child representation (each under its own privilege). A partial retrieve naming
  // another one was refused by the access decision already. For la/ol the decision was on the
  // container, whose policies govern its instances too.
  const security::AttributeScope& scope = authorized.context().decision.attributes;
  if (!attribute_list.empty()) {
    CITADEL_ASSIGN_OR_RETURN(response.content, content_.partial(resource, attribute_list));
    scope.restrictRepresentation(response.content);
  } else if (rcn == ResultContent::kAttributes || rcn == ResultContent::kOriginalResource) {
    response.content = content_.resource(resource);
    scope.restrictRepresentation(response.content);
  } else {
    ChildPage page;
    std::unordered_map<std::string, security::AttributeScope> limited;  // children's scopes
    std::vector<std::string> tested = security::attributesTestedBy(request.filter_criteria);
    auto visible = [&](const Resource& child) {
      security::AccessDecision decision = retrieveDecision(authorized, child);
      if (!decision.granted || decision.attributes.all()) {
        return decision.granted;
      }
      // A child is left out when the filter would test an attribute of it that the originator
      // may not read: whether it matched would tell the value.
      for (const auto& name : tested) {
        if (!decision.attributes.covers(name)) return false;
      }
      limited[child.ri()] = std::move(decision.attributes);
      return true;
    };
    ResultContentBuilder::Shape shape = [&](const Resource& shaped, Json& attributes) {
      if (shaped.ri() == resource.ri()) {
        scope.restrict(attributes);
      } else if (auto it = limited.find(shaped.ri()); it != limited.end()) {
        it->second.restrict(attributes);
      }
    };
    // Conditional retrieval (fu=2): the filter selects the children returned.
    CITADEL_ASSIGN_OR_RETURN(response.content,
                             content_.withChildren(resource, rcn, &page, visible,
                                                   filter ? &*filter : nullptr, &shape));
    response.content_status = page.partial ? 1 : 2;  // cnst: PARTIAL_CONTENT / FULL_CONTENT
    if (page.partial) {
      // TS-0001 §8.1.2: with partial content, the offset where processing can restart.
      response.content_offset = static_cast<int>(page.next_offset);
    }
  }
  return response;
}

Result<Response> Dispatcher::discover(const security::AuthorizedRequest& authorized,
                                      const FilterCriteria& filter) {
  const model::Request& request = authorized.request();
  // TS-0001 Table 8.1.2-1: discovery answers a URI list, or child-resource references (6).
  if (request.result_content &&
      *request.result_content != ResultContent::kChildResourceReferences) {
    return Status::badRequest("resultContent (rcn) " +
                              std::to_string(static_cast<int>(*request.result_content)) +
                              " is not valid for discovery (allowed: 6, or none)",
                              "rcn.invalid_for_discovery");
  }
  security::Requester requester = security::Requester::of(authorized.context());
  security::PolicyReadCache reads;  // discovery writes nothing: one load per parent and policy
  requester.reads = &reads;
  auto visible = [&](const Resource& resource) {
    // TS-0004 §7.3.3.x: results without the DISCOVER privilege are silently left out.
    return access_.decide(requester, resource, model::AccessOperation::kDiscovery).granted;
  };
  CITADEL_ASSIGN_OR_RETURN(DiscoveryPage page,
                           discovery_.find(authorized.target().resource(), filter, visible));
  bool unstructured =
      request.desired_identifier_result_type == model::DesiredIdResultType::kUnstructured;
  // arp (TS-0004 §7.3.3.17.17): each match is replaced by the resource at its path plus arp;
  // where nothing exists there (or the originator may not discover it) the match drops out.
  // Each entry is named by that path (structured) or the found resource's ri (unstructured).
  std::vector<DiscoveredResource> found;
  if (filter.apply_relative_path.empty()) {
    found = std::move(page.resources);
  } else {
    resources::ResourceResolver resolver(repository_, identity_);
    for (auto& match : page.resources) {
      std::string path = applyRelativePath(match.path, filter.apply_relative_path);
      auto target = path.empty() ? Result<resources::ResolvedTarget>(Status::notFound("", ""))
                                 : resolver.resolve(path);
      if (!target.isOk()) {
        if (target.status().rsc() == model::Rsc::kInternalServerError) {
          return target.takeStatus();
        }
        continue;
      }
      resources::ResourceRepository::SharedRecord resource = target.value().record;
      if (!visible(*resource)) {
        continue;
      }
      if (target.value().virtual_resource != VirtualResource::kNone) {
        CITADEL_ASSIGN_OR_RETURN(resource,
                                 target.value().virtual_resource == VirtualResource::kLatest
                                     ? repository_.latestInstance(*resource)
                                     : repository_.oldestInstance(*resource));
        if (!resource) {
          continue;  // an empty container has no <latest>/<oldest>
        }
      }
      found.push_back({resource->ri(), std::move(path), resource->rn(), resource->type()});
    }
  }
  auto idOf = [&](const DiscoveredResource& resource) {
    return unstructured ? resource.ri : resource.path;
  };
  Response response;
  response.status_code = model::Rsc::kOk;
  response.request_id = request.request_id;
  if (request.result_content) {
    Json refs = Json::array();
    for (const auto& resource : found) {
      refs.push_back({{"nm", resource.rn}, {"typ", static_cast<int>(resource.type)},
                      {"val", idOf(resource)}});
    }
    response.content = {{"m2m:rrl", {{"rrf", refs}}}};
  } else {
    Json uris = Json::array();
    for (const auto& resource : found) {
      uris.push_back(idOf(resource));
    }
    response.content = {{"m2m:uril", uris}};
  }
  if (page.partial) {
    response.content_status = 1;  // PARTIAL_CONTENT; the next page starts at cnot
    response.content_offset = static_cast<int>(page.next_offset);
  }
  return response;
}

}  // namespace citadel::engine
