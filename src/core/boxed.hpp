// Boxed<T>: an optional value kept on the heap. For a large member that is
// usually absent (a column's identity: 312 bytes of strings, present on a
// few columns in a hundred): the owner stays small, so building and moving
// thousands of them touches far less memory. Value semantics: a copy copies
// the value, == compares values (both absent are equal), the interface is
// std::optional's subset pgkit uses.
#pragma once
#include <concepts>
#include <memory>
#include <type_traits>
#include <optional>
#include <utility>

namespace pgkit::core {

template <class T>
class Boxed {
public:
    Boxed() = default;
    Boxed(std::nullopt_t) {}
    Boxed(T value) : p_(std::make_unique<T>(std::move(value))) {}
    Boxed(std::optional<T> value) : p_(value ? std::make_unique<T>(std::move(*value)) : nullptr) {}
    Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    Boxed& operator=(std::nullopt_t) {
        p_.reset();
        return *this;
    }
    template <class U>
        requires std::constructible_from<T, U&&>
    Boxed& operator=(U&& value) {
        p_ = std::make_unique<T>(std::forward<U>(value));
        return *this;
    }
    Boxed& operator=(std::optional<T> value) {
        p_ = value ? std::make_unique<T>(std::move(*value)) : nullptr;
        return *this;
    }

    bool has_value() const { return p_ != nullptr; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *p_; }
    const T& operator*() const { return *p_; }
    T* operator->() { return p_.get(); }
    const T* operator->() const { return p_.get(); }
    T& value() {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }
    const T& value() const {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }
    template <class U>
    T value_or(U&& fallback) const {
        return p_ ? *p_ : static_cast<T>(std::forward<U>(fallback));
    }
    // The value as a std::optional (a copy), for interfaces that take one.
    std::optional<T> optional() const { return p_ ? std::optional<T>(*p_) : std::nullopt; }
    void reset() { p_.reset(); }
    template <class... A>
    T& emplace(A&&... args) {
        p_ = std::make_unique<T>(std::forward<A>(args)...);
        return *p_;
    }

    friend bool operator==(const Boxed& a, const Boxed& b) {
        if (!a.p_ || !b.p_) return !a.p_ && !b.p_;
        return *a.p_ == *b.p_;
    }
    friend bool operator==(const Boxed& a, std::nullopt_t) { return !a.p_; }
    // Equal to a value when present and equal (std::optional's rule).
    template <class U>
        requires(!std::same_as<std::decay_t<U>, Boxed> && !std::same_as<std::decay_t<U>, std::nullopt_t> &&
                 std::equality_comparable_with<const T&, const U&>)
    friend bool operator==(const Boxed& a, const U& v) {
        return a.p_ && *a.p_ == v;
    }

private:
    std::unique_ptr<T> p_;
};

}  // namespace pgkit::core

#include "cpp_only.hpp"
