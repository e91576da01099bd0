// The test targets' precompiled header (tests/CMakeLists.txt): the headers that nearly every test
// file parses — GoogleTest, nlohmann::json (through the model headers) and the standard library.
// Force-included by the compiler into every test source; a test file still includes what it
// uses, so it compiles the same without this header.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
