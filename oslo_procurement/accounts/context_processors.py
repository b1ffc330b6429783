def roles(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "can_edit": authenticated and user.can_edit,
        "is_buyer_staff": authenticated and user.is_buyer_staff,
        "is_supplier_user": authenticated and user.is_supplier_user,
    }
