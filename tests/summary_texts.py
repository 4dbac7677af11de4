"""Texts for the summary tests (written for them): a report, a summary of one of its passages
set inside an unrelated article, and an article on the report's topic that summarises nothing."""

from __future__ import annotations

#: A news report; the flood passage (sentences 4 to 11) is the one summarised.
REPORT = (
    "The council of Marrowby met on Tuesday to approve the budget for the coming year. "
    "Most of the debate concerned the price of parking in the old market square. "
    "Councillors also agreed to repaint the railings of the municipal library. "
    "Then the meeting turned to the flood that struck the Ellery valley last November. "
    "Heavy rain fell for six days on the hills above the village of Quenby. "
    "On the seventh night the earth dam of the Harrow reservoir gave way. "
    "A wall of water swept down the valley and destroyed the bridge at Quenby mill. "
    "Three hundred and forty houses were flooded, some up to their upper windows. "
    "Rescue boats from Lindholm worked through the night and saved ninety-two people. "
    "Two farmers drowned while trying to move their cattle to higher ground. "
    "An inquiry later found that the dam had not been inspected since 1987. "
    "The council voted to pay for a new bridge and for repairs to the reservoir. "
    "The chairman thanked the staff and closed the session shortly after nine. "
    "The next meeting will discuss the plans for a new swimming pool near the station. "
    "Residents can send their comments on the budget by the end of the month."
)
SUMMARY = (
    "Last autumn, days of rain above Quenby burst the earthen wall of the Harrow reservoir. "
    "The torrent that raced down the Ellery valley took out the mill bridge and left 340 homes "
    "under water. Lindholm's boat crews pulled ninety-two villagers to safety, though two "
    "farmers died herding livestock; nobody had checked the structure since 1987."
)
HOST_BEFORE = (
    "Beekeeping has become a popular pastime among city dwellers in recent years. "
    "A single hive needs little space, and a flat roof or a small garden is enough. "
    "New keepers usually start in spring, when colonies grow quickly and the weather is mild. "
    "They buy a nucleus of a few thousand bees together with a young queen. "
    "Protective clothing, a smoker and a hive tool are the only equipment needed at first. "
)
HOST_AFTER = (
    "Honey is harvested in late summer, once the frames are capped with wax. "
    "A strong colony can produce twenty kilograms of honey in a good year. "
    "Keepers must leave enough stores for the bees to survive the winter months. "
    "Varroa mites remain the main threat, and hives are treated every autumn. "
    "Local associations run courses and lend extractors to their members. "
    "Many beginners find that the calm of the apiary is its own reward."
)
#: The unrelated article with the summary set between its paragraphs.
SUSPECT = HOST_BEFORE + SUMMARY + " " + HOST_AFTER
#: Same topic as the report's flood passage, but a general piece that summarises nothing in it.
SAME_TOPIC = (
    "Floods are the most common natural disaster in many parts of the world. "
    "They happen when rain falls faster than the ground and the rivers can carry it away. "
    "In the Netherlands a quarter of the land lies below the level of the sea. "
    "After the storm of 1953 the Dutch built a chain of dams and barriers along the coast. "
    "Engineers now plan for a storm that might come once in ten thousand years. "
    "In England many towns rely instead on warnings sent to residents by text message. "
    "Insurance against floods has become expensive in places that flood often. "
    "Planting trees on slopes slows the run-off and lowers the risk downstream. "
    "Some councils pay farmers to let fields flood so that villages stay dry. "
    "Many councils now publish maps that show which streets are likely to flood. "
    "Residents are encouraged to keep sandbags and to know their evacuation route."
)
