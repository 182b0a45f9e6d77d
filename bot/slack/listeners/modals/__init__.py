"""The modals listeners open: what the services pre-fill, mapped onto the Block Kit builders."""
