"""The modals listeners open: what the services pre-fill, mapped onto the view builders."""
