"""The course's colours: the Okabe–Ito palette, distinguishable for colour-blind readers.

One place for every figure module (plots, diagrams, explorers); no matplotlib import.
"""

#: Okabe–Ito colours by name, in the order plots use them.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The same colours as a list: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE = list(OKABE_ITO.values())
